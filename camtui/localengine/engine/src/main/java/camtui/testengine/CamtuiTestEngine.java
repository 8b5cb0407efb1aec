package camtui.testengine;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Test-only process engine for camtui: Camunda 7 CE (or Operaton) via its Spring Boot
 * starter, engine-rest under /engine-rest, and the engine's own HTTP Basic authentication
 * (ProcessEngineAuthenticationFilter + HttpBasicAuthenticationProvider) on /engine-rest/*.
 * Everything else is configured in application.yaml.
 */
@SpringBootApplication
public class CamtuiTestEngine {

  /** Camunda first, then Operaton: the same class builds and runs against either starter. */
  private static final String[] ENGINE_PACKAGES = {"org.camunda.bpm", "org.operaton.bpm"};

  public static void main(String[] args) {
    SpringApplication.run(CamtuiTestEngine.class, args);
  }

  @Bean
  @ConditionalOnProperty(name = "camtui.engine.basic-auth", havingValue = "true", matchIfMissing = true)
  public FilterRegistrationBean<Filter> engineRestBasicAuth(
      @Value("${spring.jersey.application-path:/engine-rest}") String restPath) throws Exception {
    String pkg = null;
    for (String candidate : ENGINE_PACKAGES) {
      try {
        Class.forName(candidate + ".engine.rest.security.auth.ProcessEngineAuthenticationFilter");
        pkg = candidate;
        break;
      } catch (ClassNotFoundException notThisEngine) {
        // try the next one
      }
    }
    if (pkg == null) {
      throw new IllegalStateException("no engine-rest ProcessEngineAuthenticationFilter on the classpath");
    }
    Filter filter = (Filter) Class
        .forName(pkg + ".engine.rest.security.auth.ProcessEngineAuthenticationFilter")
        .getDeclaredConstructor().newInstance();

    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("engine-rest-basic-auth");
    registration.addInitParameter("authentication-provider",
        pkg + ".engine.rest.security.auth.impl.HttpBasicAuthenticationProvider");
    String base = restPath.endsWith("/") ? restPath.substring(0, restPath.length() - 1) : restPath;
    registration.addUrlPatterns(base + "/*");   // GET {base}/engine stays anonymous (filter whitelist)
    registration.setOrder(1);
    return registration;
  }
}
