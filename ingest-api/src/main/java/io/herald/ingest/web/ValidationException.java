package io.herald.ingest.web;

import java.util.List;

/** The request is well-formed JSON but breaks the contract: HTTP 400 listing every field at fault. */
public class ValidationException extends RuntimeException {

  private final transient List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super("invalid request: " + errors, null, false, false);
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
