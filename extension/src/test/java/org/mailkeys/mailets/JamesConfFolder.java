package org.mailkeys.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.Module;

/** A James working directory whose conf/ holds the given mailkeys.properties, bound the way James binds it. */
public final class JamesConfFolder {
    private JamesConfFolder() {
    }

    /**
     * @param properties the lines of conf/mailkeys.properties; none: the file is not written
     * @return the bindings of James' {@link FileSystem} and {@link PropertiesProvider} for that folder
     */
    public static Module in(Path workingDirectory, String... properties) throws IOException {
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        if (properties.length > 0) {
            Files.write(conf.resolve("mailkeys.properties"), String.join("\n", properties).getBytes(StandardCharsets.UTF_8));
        }
        Configuration.Basic configuration = Configuration.builder()
            .workingDirectory(workingDirectory.toFile())
            .configurationPath(new Configuration.ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF))
            .build();
        FileSystemImpl fileSystem = new FileSystemImpl(configuration.directories());
        PropertiesProvider propertiesProvider = new PropertiesProvider(fileSystem, configuration.configurationPath());
        return binder -> {
            binder.bind(FileSystem.class).toInstance(fileSystem);
            binder.bind(PropertiesProvider.class).toInstance(propertiesProvider);
        };
    }
}
