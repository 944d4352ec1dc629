package io.camelhydra.component.hydra;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the {@code command} option into an argument array: spaces separate arguments, double quotes group an argument
 * that contains spaces ({@code ""} is an empty argument). No other syntax: the result goes to the engine as an array,
 * never to a shell, so nothing in it is expanded or interpreted.
 */
final class CommandArguments {

    private CommandArguments() {
    }

    static List<String> parse(String command) {
        List<String> args = new ArrayList<>();
        if (command == null) {
            return args;
        }
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        boolean hasToken = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
                hasToken = true;
            } else if (Character.isWhitespace(c) && !inQuotes) {
                if (hasToken) {
                    args.add(current.toString());
                    current.setLength(0);
                    hasToken = false;
                }
            } else {
                current.append(c);
                hasToken = true;
            }
        }
        if (inQuotes) {
            throw new IllegalArgumentException("Option command has an unclosed double quote: " + command);
        }
        if (hasToken) {
            args.add(current.toString());
        }
        return args;
    }
}
