package dev.realtime.standalone;

import dev.realtime.standalone.cli.db.DbCommands;
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
        configureLogging(env, envFile(args));
        RealtimeCli root = new RealtimeCli(env, System.out, System.err);
        CommandLine cli = new CommandLine(root);
        DbCommands.addTo(cli, root::environment);
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

    /** The {@code --env-file} argument, read before the command line is parsed so that logging can use it. */
    private static Path envFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--env-file=")) {
                return Path.of(args[i].substring("--env-file=".length()));
            }
            if (args[i].equals("--env-file") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
        }
        return Path.of(".env");
    }

    /**
     * Logging reads {@code LOG_LEVEL} and {@code LOG_FORMAT} when it starts; values from the .env file are handed
     * to it as system properties first (the real environment still wins).
     */
    private static void configureLogging(Map<String, String> env, Path envFile) {
        Map<String, String> merged;
        try {
            merged = EnvSource.load(env, envFile);
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
