package dev.ledger.support.connections;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValue;
import java.util.List;
import java.util.Optional;

/**
 * Stops startup on {@link ConnectionSettings}' problems, one line each, when the configuration is
 * built: before Flyway, the reactive pool or a Kafka client connects, so a wrong setting is named
 * instead of surfacing later as a driver's exception. SmallRye Config finds this factory through
 * {@code META-INF/services}; the interceptor it returns changes no value.
 */
public final class ConnectionSettingsCheck implements ConfigSourceInterceptorFactory {

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        List<String> problems = ConnectionSettings.problems(name -> Optional.ofNullable(context.proceed(name))
                .map(ConfigValue::getValue)
                .filter(value -> !value.isBlank()));
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems.stream()
                    .map(ConfigValidationException.Problem::new)
                    .toArray(ConfigValidationException.Problem[]::new));
        }
        return ConfigSourceInterceptorContext::proceed;
    }
}
