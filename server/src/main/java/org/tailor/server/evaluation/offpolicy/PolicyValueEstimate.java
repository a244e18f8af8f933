package org.tailor.server.evaluation.offpolicy;

/**
 * An estimate of a policy's value (its expected reward per round) with a normal-approximation
 * confidence interval, {@code value ± z · standardError}.
 *
 * @param estimator which estimator, such as {@code "ips"}
 * @param value the estimate
 * @param standardError its standard error
 * @param lower the interval's lower end
 * @param upper the interval's upper end
 * @param rounds how many logged rounds it rests on
 */
public record PolicyValueEstimate(
    String estimator,
    double value,
    double standardError,
    double lower,
    double upper,
    long rounds) {}
