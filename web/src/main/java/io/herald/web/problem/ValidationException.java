package io.herald.web.problem;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The request is well-formed JSON but breaks the contract: HTTP 400 listing every field at fault. */
public class ValidationException extends ProblemException {

  private final transient List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(HttpStatus.BAD_REQUEST, null, ProblemRenderer.INVALID_REQUEST, HttpHeaders.EMPTY, Map.of("errors", List.copyOf(errors)));
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  @Override
  public String toString() {
    return "invalid request: " + errors;
  }
}
