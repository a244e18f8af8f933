package org.tailor.scoring.bandit.linucb;

/** The inverse of a symmetric positive definite matrix by its Cholesky factor L Lᵀ. */
final class Cholesky {

  private Cholesky() {}

  /** The inverse of the d×d row-major matrix m; throws when m is not positive definite. */
  static double[] inverse(double[] m, int d) {
    double[] l = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = m[i * d + j];
        for (int k = 0; k < j; k++) {
          sum -= l[i * d + k] * l[j * d + k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            throw new IllegalArgumentException("matrix is not positive definite at row " + i);
          }
          l[i * d + i] = Math.sqrt(sum);
        } else {
          l[i * d + j] = sum / l[j * d + j];
        }
      }
    }
    // Solve L Lᵀ X = I column by column.
    double[] inverse = new double[d * d];
    double[] y = new double[d];
    for (int col = 0; col < d; col++) {
      for (int i = 0; i < d; i++) {
        double sum = i == col ? 1 : 0;
        for (int k = 0; k < i; k++) {
          sum -= l[i * d + k] * y[k];
        }
        y[i] = sum / l[i * d + i];
      }
      for (int i = d - 1; i >= 0; i--) {
        double sum = y[i];
        for (int k = i + 1; k < d; k++) {
          sum -= l[k * d + i] * inverse[k * d + col];
        }
        inverse[i * d + col] = sum / l[i * d + i];
      }
    }
    return inverse;
  }
}
