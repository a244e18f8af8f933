package org.tailor.server.reports;

import java.util.List;

/**
 * One page of rows and where it sits among all of them.
 *
 * @param rows the rows of this page
 * @param number the page number, from 1
 * @param size rows per page
 * @param total rows on all pages
 */
public record Page<T>(List<T> rows, int number, int size, long total) {

  public Page {
    rows = List.copyOf(rows);
  }

  public long pages() {
    return Math.max(1, (total + size - 1) / size);
  }

  public boolean hasPrevious() {
    return number > 1;
  }

  public boolean hasNext() {
    return number < pages();
  }

  long offset() {
    return (long) (number - 1) * size;
  }
}
