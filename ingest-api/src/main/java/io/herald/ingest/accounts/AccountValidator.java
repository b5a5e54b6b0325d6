package io.herald.ingest.accounts;

import io.herald.auth.Role;
import io.herald.ingest.shops.ShopIds;
import io.herald.ingest.web.FieldErrors;
import io.herald.ingest.web.LimitSettings;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Checks account requests; every problem is reported at once as a 400. */
@Component
class AccountValidator {

  /** Deliberately loose (RFC 5322 is not worth enforcing): one @, no spaces, a dot in the domain. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_EMAIL = 254;

  private final LimitSettings limits;
  private final PasswordSettings passwords;

  AccountValidator(LimitSettings limits, PasswordSettings passwords) {
    this.limits = limits;
    this.passwords = passwords;
  }

  void validate(RegisterRequest r) {
    FieldErrors errors = new FieldErrors();
    email(errors, "email", r.email());
    password(errors, "password", r.password());
    errors.text("displayName", r.displayName(), limits.maxNameLength());
    Role role = role(errors, r.role());
    if (role == Role.MERCHANT) {
      shopIds(errors, r.shopIds());
    } else if (role == Role.CUSTOMER && r.shopIds() != null && !r.shopIds().isEmpty()) {
      errors.add("shopIds", "only merchant accounts name shops");
    }
    errors.throwIfAny();
  }

  void validate(UpdateProfileRequest r) {
    FieldErrors errors = new FieldErrors();
    if (r.displayName() == null && r.email() == null && r.password() == null) {
      errors.add("body", "name at least one of displayName, email, password");
    }
    if (r.displayName() != null) {
      errors.text("displayName", r.displayName(), limits.maxNameLength());
    }
    if (r.email() != null) {
      email(errors, "email", r.email());
    }
    if (r.password() != null) {
      password(errors, "password", r.password());
    }
    if ((r.email() != null || r.password() != null) && (r.currentPassword() == null || r.currentPassword().isEmpty())) {
      errors.add("currentPassword", "is required to change the e-mail or the password");
    }
    errors.throwIfAny();
  }

  void validate(ClaimShopRequest r) {
    FieldErrors errors = new FieldErrors();
    errors.check(ShopIds.isValid(r.shopId()), "shopId", ShopIds.RULE);
    errors.throwIfAny();
  }

  static final int MAX_DEVICE = 100;

  void validate(SignInRequest r) {
    FieldErrors errors = new FieldErrors();
    errors.check(r.email() != null && !r.email().isEmpty() && r.email().length() <= MAX_EMAIL, "email", "is required");
    errors.check(r.password() != null && !r.password().isEmpty() && r.password().length() <= passwords.maxLength(),
        "password", "is required");
    errors.check(r.device() == null || r.device().length() <= MAX_DEVICE, "device", "must be at most " + MAX_DEVICE + " characters");
    errors.throwIfAny();
  }

  private static void email(FieldErrors errors, String field, String email) {
    if (errors.text(field, email, MAX_EMAIL)) {
      errors.check(EMAIL.matcher(email).matches(), field, "is not an e-mail address");
    }
  }

  private void password(FieldErrors errors, String field, String password) {
    if (password == null) {
      errors.add(field, "is required");
    } else if (password.length() < passwords.minLength() || password.length() > passwords.maxLength()) {
      errors.add(field, "must be " + passwords.minLength() + ".." + passwords.maxLength() + " characters");
    }
  }

  private static Role role(FieldErrors errors, String role) {
    if (role != null) {
      switch (role.toLowerCase(Locale.ROOT)) {
        case "customer":
          return Role.CUSTOMER;
        case "merchant":
          return Role.MERCHANT;
        default:
          break;
      }
    }
    errors.add("role", "must be customer or merchant");
    return null;
  }

  private void shopIds(FieldErrors errors, List<String> shopIds) {
    if (shopIds == null || shopIds.isEmpty()) {
      errors.add("shopIds", "a merchant account names at least one shop");
      return;
    }
    if (shopIds.size() > limits.maxShopsPerMerchant()) {
      errors.add("shopIds", "at most " + limits.maxShopsPerMerchant() + " shops");
      return;
    }
    for (int i = 0; i < shopIds.size(); i++) {
      errors.check(ShopIds.isValid(shopIds.get(i)), "shopIds[" + i + "]", ShopIds.RULE);
    }
  }

  /** The role of a request that passed {@link #validate(RegisterRequest)}. */
  static Role roleOf(RegisterRequest r) {
    return Role.fromClaim(r.role());
  }
}
