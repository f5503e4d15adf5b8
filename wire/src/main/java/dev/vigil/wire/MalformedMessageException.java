package dev.vigil.wire;

/**
 * A message that does not follow its wire format. {@link #field()} names the offending field ("body" when the
 * message as a whole is unreadable) and {@link #problem()} says what is wrong, in words meant for the sender.
 */
public final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public MalformedMessageException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
