package org.mailkeys.client.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The config file: a properties file whose keys are the long names of the {@link CommonOptions} without dashes.
 * It supplies defaults to picocli, so an option given on the command line always wins over the file.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    private final Properties values;

    private ConfigFile(Properties values) {
        this.values = values;
    }

    static ConfigFile empty() {
        return new ConfigFile(new Properties());
    }

    /** The file named by {@code --config} in the arguments, else the default location if it exists. */
    static ConfigFile forArguments(String[] args, Map<String, String> environment) throws ConfigException {
        Optional<Path> explicit = explicitPath(args);
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw new ConfigException("config file " + explicit.get() + " does not exist");
            }
            return load(explicit.get());
        }
        Path fallback = defaultPath(environment);
        return Files.isRegularFile(fallback) ? load(fallback) : empty();
    }

    static Path defaultPath(Map<String, String> environment) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("mailkeys").resolve("config.properties");
    }

    static Optional<Path> explicitPath(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        return Optional.empty();
    }

    static ConfigFile load(Path file) throws ConfigException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(knownKeys());
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown setting(s) in " + file + ": " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", new TreeSet<>(knownKeys())) + ")");
        }
        return new ConfigFile(properties);
    }

    /** The long names, without dashes, of the options shared by all commands (but not --config itself). */
    static Set<String> knownKeys() {
        return Arrays.stream(CommonOptions.class.getDeclaredFields())
                .map(field -> field.getAnnotation(CommandLine.Option.class))
                .filter(option -> option != null)
                .flatMap(option -> Arrays.stream(option.names()))
                .filter(name -> name.startsWith("--") && !name.equals("--config"))
                .map(name -> name.substring(2))
                .collect(Collectors.toSet());
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec)) {
            return null;
        }
        String name = ((OptionSpec) argument).longestName();
        if (!name.startsWith("--")) {
            return null;
        }
        String value = values.getProperty(name.substring(2));
        return value == null ? null : value.trim();
    }

    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }
}
