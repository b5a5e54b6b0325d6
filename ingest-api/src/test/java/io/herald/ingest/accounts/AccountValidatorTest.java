package io.herald.ingest.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herald.ingest.TestLimits;
import io.herald.web.problem.FieldError;
import io.herald.web.problem.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AccountValidatorTest {

  private final AccountValidator validator = new AccountValidator(TestLimits.defaults(),
      new PasswordSettings(10, 128, 19456, 2, 1, 0, 256));

  private static List<String> fieldsOf(Executable call) {
    ValidationException e = catchThrowableOfType(ValidationException.class, call::execute);
    assertThat(e).as("expected a validation failure").isNotNull();
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void acceptsCustomersAndMerchants() {
    assertThatCode(() -> validator.validate(new RegisterRequest("a@example.com", "0123456789", "Ann", "customer", null)))
        .doesNotThrowAnyException();
    assertThatCode(() -> validator.validate(new RegisterRequest("m@example.com", "0123456789", "Mo", "Merchant", List.of("shop-1"))))
        .doesNotThrowAnyException();
  }

  @Test
  void merchantsNeedShopsAndCustomersMayNotHaveAny() {
    assertThat(fieldsOf(() -> validator.validate(new RegisterRequest("m@example.com", "0123456789", "Mo", "merchant", List.of()))))
        .containsExactly("shopIds");
    assertThat(fieldsOf(() -> validator.validate(new RegisterRequest("a@example.com", "0123456789", "Ann", "customer", List.of("s")))))
        .containsExactly("shopIds");
    assertThat(fieldsOf(() -> validator.validate(new RegisterRequest("m@example.com", "0123456789", "Mo", "merchant", List.of("ok", "not ok")))))
        .containsExactly("shopIds[1]");
  }

  @Test
  void checksEmailPasswordNameAndRole() {
    assertThat(fieldsOf(() -> validator.validate(new RegisterRequest("not-an-email", "short", "", "admin", null))))
        .containsExactlyInAnyOrder("email", "password", "displayName", "role");
  }

  @Test
  void changingEmailOrPasswordNeedsTheCurrentPassword() {
    assertThat(fieldsOf(() -> validator.validate(new UpdateProfileRequest(null, "b@example.com", null, null))))
        .containsExactly("currentPassword");
    assertThatCode(() -> validator.validate(new UpdateProfileRequest("New name", null, null, null))).doesNotThrowAnyException();
    assertThat(fieldsOf(() -> validator.validate(new UpdateProfileRequest(null, null, null, null)))).containsExactly("body");
  }
}
