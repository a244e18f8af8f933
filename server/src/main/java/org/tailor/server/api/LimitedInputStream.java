package org.tailor.server.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body stream that fails with {@link BodyTooLargeException} past its limit. */
final class LimitedInputStream extends FilterInputStream {

  private final long limitBytes;
  private long readBytes;

  LimitedInputStream(InputStream in, long limitBytes) {
    super(in);
    this.limitBytes = limitBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws BodyTooLargeException {
    readBytes += n;
    if (readBytes > limitBytes) {
      throw new BodyTooLargeException(limitBytes);
    }
  }
}
