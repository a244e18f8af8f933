package org.tailor.bench.recommender;

/**
 * Top-k accuracy averaged over users with at least one test item, as RecBole defines them (binary
 * relevance, per-user means): Recall@k = hits / |test items|; NDCG@k = DCG / ideal DCG with gain 1
 * at rank r discounted by log2(r + 1); MRR@k = 1 / rank of the first hit; Hit@k = any hit;
 * Precision@k = hits / k.
 */
record Metrics(
    int k, double recall, double ndcg, double mrr, double hit, double precision, int users) {}
