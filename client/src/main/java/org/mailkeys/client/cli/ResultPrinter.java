package org.mailkeys.client.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.mailkeys.client.Outcome;

/** Prints one result per address: a sentence, or with --json one JSON object per line. */
final class ResultPrinter {
    private final PrintStream out;
    private final boolean json;
    private final boolean insecureTls;
    private final Function<Outcome, Optional<String>> hints;

    /** @param hints the command line's advice on an outcome, if it has any */
    ResultPrinter(PrintStream out, boolean json, boolean insecureTls, Function<Outcome, Optional<String>> hints) {
        this.out = out;
        this.json = json;
        this.insecureTls = insecureTls;
        this.hints = hints;
    }

    /** A printer without advice. */
    ResultPrinter(PrintStream out, boolean json, boolean insecureTls) {
        this(out, json, insecureTls, outcome -> Optional.empty());
    }

    /** @param extra more facts for this address (e.g. where the key was written), in text as "; key: value" */
    void print(Outcome outcome, Map<String, String> extra) {
        Optional<String> hint = hints.apply(outcome);
        if (json) {
            out.println(toJson(outcome, hint, extra, insecureTls));
        } else {
            StringBuilder line = new StringBuilder(outcome.kind().toUpperCase(java.util.Locale.ROOT)).append(": ")
                    .append(message(outcome, hint));
            outcome.protection().ifPresent(protection -> line.append("; protection: ").append(protection.description()));
            outcome.transparency().ifPresent(transparency -> line.append("; transparency: ").append(transparency.wireName())
                    .append(outcome.transparencyReason().map(reason -> " (" + reason + ")").orElse("")));
            extra.forEach((key, value) -> line.append("; ").append(key).append(": ").append(value));
            if (insecureTls) {
                line.append(" [INSECURE TLS: certificates were not checked]");
            }
            out.println(line);
        }
        out.flush();
    }

    static String toJson(Outcome outcome, Map<String, String> extra, boolean insecureTls) {
        return toJson(outcome, Optional.empty(), extra, insecureTls);
    }

    static String toJson(Outcome outcome, Optional<String> hint, Map<String, String> extra, boolean insecureTls) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("address", outcome.address());
        fields.put("result", outcome.kind());
        fields.put("exitCode", ExitCodes.of(outcome));
        fields.put("relayed", outcome.relayed());
        outcome.protection().ifPresent(protection -> fields.put("protection", protection.wireName()));
        fields.put("insecureTls", insecureTls);
        outcome.transparency().ifPresent(transparency -> fields.put("transparency", transparency.wireName()));
        outcome.transparencyReason().ifPresent(reason -> fields.put("transparencyReason", reason));
        fields.putAll(outcome.accept(new KindFields(hint)));
        fields.put("message", message(outcome, hint));
        extra.forEach((key, value) -> fields.put(jsonName(key), value));
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(key)).append(':');
            json.append(value instanceof String ? quote((String) value) : String.valueOf(value));
        });
        return json.append('}').toString();
    }

    /** The outcome's sentence, with the command line's advice when it has some. */
    private static String message(Outcome outcome, Optional<String> hint) {
        return outcome.describe() + hint.map(advice -> " (hint: " + advice + ")").orElse("");
    }

    /** The JSON members that only some kinds of outcome have, in the order they are printed. */
    private static final class KindFields implements Outcome.Cases<Map<String, Object>> {
        private final Optional<String> hint;

        KindFields(Optional<String> hint) {
            this.hint = hint;
        }

        /** Published, deleted, not-found: only verified answers become these. */
        @Override
        public Map<String, Object> otherwise(Outcome outcome) {
            return fields("verified", true);
        }

        @Override
        public Map<String, Object> serverError(Outcome.ServerError error) {
            return fields("code", error.code(), "text", error.text(), "verified", error.verified());
        }

        @Override
        public Map<String, Object> tampered(Outcome.Tampered tampered) {
            return fields("verified", false, "reason", tampered.reason());
        }

        @Override
        public Map<String, Object> unverified(Outcome.Unverified unverified) {
            return fields("verified", false, "reason", unverified.reason());
        }

        @Override
        public Map<String, Object> notSupported(Outcome.NotSupported notSupported) {
            return fields("reason", notSupported.reason());
        }

        @Override
        public Map<String, Object> failed(Outcome.Failed failed) {
            Map<String, Object> fields = fields("reason", failed.reason());
            hint.ifPresent(advice -> fields.put("hint", advice));
            return fields;
        }

        @Override
        public Map<String, Object> keyFound(Outcome.KeyFound found) {
            return fields("verified", true, "fingerprint", found.fingerprint());
        }

        @Override
        public Map<String, Object> probablyNotSupported(Outcome.ProbablyNotSupported bounced) {
            return fields("verified", false, "reason", bounced.reason(), "messageId", bounced.messageId());
        }

        @Override
        public Map<String, Object> noAnswer(Outcome.NoAnswer noAnswer) {
            return fields("messageId", noAnswer.messageId());
        }

        @Override
        public Map<String, Object> pending(Outcome.Pending pending) {
            return fields("messageId", pending.messageId());
        }

        private static Map<String, Object> fields(Object... namesAndValues) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
            return fields;
        }
    }

    /** A fact's name as a JSON member name: the words of the text output joined in camel case ("written to": "writtenTo"). */
    static String jsonName(String textName) {
        String[] words = textName.trim().split(" +");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"':
                    quoted.append("\\\"");
                    break;
                case '\\':
                    quoted.append("\\\\");
                    break;
                case '\n':
                    quoted.append("\\n");
                    break;
                case '\r':
                    quoted.append("\\r");
                    break;
                case '\t':
                    quoted.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
            }
        }
        return quoted.append('"').toString();
    }
}
