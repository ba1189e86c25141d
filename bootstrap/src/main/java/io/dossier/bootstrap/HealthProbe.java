package io.dossier.bootstrap;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * {@code java -cp dossier.jar io.dossier.bootstrap.HealthProbe <url>}: exits 0 when the URL
 * answers 200 within three seconds, 1 otherwise. For container health checks on images that
 * have a JVM but no curl.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe <url>, e.g. http://127.0.0.1:8080/health/ready");
            System.exit(2);
        }
        System.exit(probe(args[0]) ? 0 : 1);
    }

    static boolean probe(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(3_000);
            connection.setReadTimeout(3_000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
