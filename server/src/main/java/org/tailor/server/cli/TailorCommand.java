package org.tailor.server.cli;

/** Placeholder entry point replaced by the picocli command tree. */
public final class TailorCommand {
  private TailorCommand() {}

  public static void main(String[] args) {
    System.out.println("tailor");
  }
}
