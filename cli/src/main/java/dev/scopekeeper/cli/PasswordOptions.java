package dev.scopekeeper.cli;

import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a new password comes from: standard input with {@code --password-stdin} (scripts), else a
 * prompt without echo, asked twice; else, with no terminal, a generated one that is printed once.
 * Never an option value, which would show in the process list and the shell history.
 */
final class PasswordOptions {
    static final int MIN_LENGTH = 12;
    /** 18 random bytes: 144 bits, 24 base64url characters. */
    private static final int GENERATED_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean stdin;

    /** Asks for a line without echo; null at end of input. */
    @FunctionalInterface
    interface Prompt {
        char[] ask(String question);
    }

    /** A password and whether it was generated (and so must be shown, once). */
    record Password(String value, boolean generated) {
        @Override
        public String toString() {
            return "Password[" + (generated ? "generated" : "given") + "]";
        }
    }

    /** The new password for {@code username}, from the source the options and the terminal allow. */
    Password read(String username) {
        if (stdin) {
            return new Password(checked(firstLine(System.in)), false);
        }
        Console console = terminal();
        if (console != null) {
            return new Password(prompted(username, console::readPassword), false);
        }
        return new Password(generate(), true);
    }

    static String prompted(String username, Prompt prompt) {
        char[] first = prompt.ask("New password for " + username + ": ");
        char[] second = first == null ? null : prompt.ask("Repeat it: ");
        try {
            if (first == null || second == null) {
                throw new IllegalArgumentException("no password entered");
            }
            if (!Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return checked(new String(first));
        } finally {
            // The String lives on until collected; the arrays at least need not.
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    static String checked(String password) {
        if (password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a password must be at least " + MIN_LENGTH + " characters");
        }
        return password;
    }

    static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String firstLine(InputStream in) {
        try {
            // Not closed: it is System.in.
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("--password-stdin: standard input is empty");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    /**
     * The console if input really is a terminal. Before JDK 22 that is what a non-null
     * {@link System#console()} means; from JDK 22 it may be non-null for a pipe too, and only
     * {@code Console.isTerminal()} (absent from the Java 17 API we compile against) tells.
     */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            return Boolean.TRUE.equals(Console.class.getMethod("isTerminal").invoke(console)) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console;
        }
    }
}
