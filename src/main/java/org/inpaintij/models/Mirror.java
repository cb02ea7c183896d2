package org.inpaintij.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.inpaintij.core.BadInputException;

/** The base URL of a download mirror ({@code --base-url}, {@code base_url=}), checked before anything is fetched. */
public final class Mirror {

    private Mirror() {}

    /**
     * The mirror URL in {@code value}, or null when blank.
     *
     * @param name how the door names the setting ({@code --base-url}, {@code base_url}), for the sentence
     * @throws BadInputException unless it is an absolute http or https URL with a host
     */
    public static URI parse(String value, String name) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null
                    && u.getRawFragment() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below, as for any other unusable value
        }
        throw new BadInputException(name + " must be an http(s) URL with a host (such as "
                + "http://mirror.example.org/models), not '" + v + "'.");
    }
}
