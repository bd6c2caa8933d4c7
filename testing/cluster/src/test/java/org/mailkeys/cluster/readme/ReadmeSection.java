package org.mailkeys.cluster.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of one README section, in order, as a reader copies them: each {@code ```sh} block starts with a
 * {@code # terminal N} line that says where to paste it.
 */
final class ReadmeSection {
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TERMINAL = Pattern.compile("\\A# terminal (\\d+)\n");

    /** One block: the terminal it belongs to and its commands (the {@code # terminal} line removed). */
    static final class Block {
        final int terminal;
        final String commands;

        Block(int terminal, String commands) {
            this.terminal = terminal;
            this.commands = commands;
        }

        @Override
        public String toString() {
            return "terminal " + terminal + ": " + commands;
        }
    }

    private ReadmeSection() {
    }

    /** The blocks between {@code heading} and the next heading of the same or a higher level. */
    static List<Block> blocks(Path readme, String heading) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new IllegalStateException("No section '" + heading + "' in " + readme);
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = nextHeading(text, start + heading.length() + 1, level.length() - 1);
        Matcher block = SHELL_BLOCK.matcher(text.substring(start, end));
        List<Block> blocks = new ArrayList<>();
        while (block.find()) {
            Matcher terminal = TERMINAL.matcher(block.group(1));
            if (!terminal.find()) {
                throw new IllegalStateException("A shell block of '" + heading + "' does not name its terminal: "
                    + block.group(1));
            }
            blocks.add(new Block(Integer.parseInt(terminal.group(1)), block.group(1).substring(terminal.end())));
        }
        return blocks;
    }

    /** Where the next heading of at most {@code level} begins; a {@code #} line inside a code fence is no heading. */
    private static int nextHeading(String text, int from, int level) {
        Pattern heading = Pattern.compile("#{1," + level + "} .*");
        boolean fenced = false;
        int position = from;
        for (String line : text.substring(from).split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && heading.matcher(line).matches()) {
                return position;
            }
            position += line.length() + 1;
        }
        return text.length();
    }
}
