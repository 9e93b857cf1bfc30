package dev.realtime.standalone;

import dev.realtime.standalone.config.ConfigException;
import dev.realtime.standalone.config.EnvSource;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the runnable jar: {@code java -jar realtime-standalone.jar serve}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /** Runs the command line and returns its exit status. */
    static int run(String[] args, Map<String, String> env) {
        configureLogging(env);
        CommandLine cli = new CommandLine(new RealtimeCli(env, System.out, System.err));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException config) {
                config.problems().forEach(p -> commandLine.getErr().println("realtime: " + p));
                return 2;
            }
            commandLine.getErr().println("realtime: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * Logging reads {@code LOG_LEVEL} and {@code LOG_FORMAT} when it starts; values from the .env file are handed
     * to it as system properties first (the real environment still wins).
     */
    private static void configureLogging(Map<String, String> env) {
        Map<String, String> merged;
        try {
            merged = EnvSource.load(env, Path.of(".env"));
        } catch (ConfigException e) {
            merged = env;
        }
        for (String name : new String[] {"LOG_LEVEL", "LOG_FORMAT"}) {
            String value = merged.get(name);
            if (value != null && !value.isBlank() && System.getProperty(name) == null) {
                System.setProperty(name, value.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
