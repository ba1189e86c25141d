package io.dossier.adapter.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

/**
 * The request's Content-Type as the client sent it. Jetty resolves the charset parameter when
 * asked for the type and throws for one the JVM does not know ({@code text/plain; charset=bogus}),
 * which made every upload with such a type a 500. A stored document's bytes are the client's,
 * whatever charset it names, so the type is handed on untouched; text Dossier reads itself (JSON,
 * form fields) is read as UTF-8 when the named charset is unknown.
 */
final class DeclaredTypes implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getHeader("Content-Type") != null) {
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getContentType() {
                    return getHeader("Content-Type");
                }

                @Override
                public String getCharacterEncoding() {
                    String charset = charset(getHeader("Content-Type"));
                    return charset != null && supported(charset) ? charset : null;
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The charset parameter's value, unquoted; null when there is none. */
    static String charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("charset")) {
                String value = parameter.substring(equals + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static boolean supported(String charset) {
        try {
            return !charset.isEmpty() && Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
