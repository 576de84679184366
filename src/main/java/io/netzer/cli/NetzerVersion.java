package io.netzer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version Maven wrote into {@code netzer-version.properties}. */
public final class NetzerVersion implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = NetzerVersion.class.getResourceAsStream("/netzer-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"netzer " + properties.getProperty("version", "(unknown version)"),
            "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
