package io.herald.ingest.accounts;

import io.herald.auth.FirebaseSignIn;
import io.herald.auth.FirebaseSignInSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Firebase sign-in, where {@code herald.auth.firebase.project-id} is set: a Firebase user becomes
 * a Herald account (and a {@code users} event) on the first request it makes.
 */
@Configuration(proxyBeanMethods = false)
class FirebaseAccounts {

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("!'${herald.auth.firebase.project-id:}'.isBlank()")
  FirebaseSignIn firebaseSignIn(FirebaseSignInSettings settings, AccountService accounts) {
    return FirebaseSignIn.from(settings, accounts::adoptFirebaseUser).orElseThrow();
  }
}
