package org.mailkeys.client.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mailkeys.client.Outcome;

/** Prints one result per address: a sentence, or with --json one JSON object per line. */
final class ResultPrinter {
    private final PrintStream out;
    private final boolean json;
    private final boolean insecureTls;

    ResultPrinter(PrintStream out, boolean json, boolean insecureTls) {
        this.out = out;
        this.json = json;
        this.insecureTls = insecureTls;
    }

    /** @param extra more facts for this address (e.g. where the key was written), in text as "; key: value" */
    void print(Outcome outcome, Map<String, String> extra) {
        if (json) {
            out.println(toJson(outcome, extra, insecureTls));
        } else {
            StringBuilder line = new StringBuilder(outcome.kind().toUpperCase(java.util.Locale.ROOT)).append(": ")
                    .append(outcome.describe());
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
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("address", outcome.address());
        fields.put("result", outcome.kind());
        fields.put("exitCode", ExitCodes.of(outcome));
        fields.put("relayed", outcome.relayed());
        outcome.protection().ifPresent(protection -> fields.put("protection", protection.wireName()));
        fields.put("insecureTls", insecureTls);
        outcome.transparency().ifPresent(transparency -> fields.put("transparency", transparency.wireName()));
        outcome.transparencyReason().ifPresent(reason -> fields.put("transparencyReason", reason));
        if (outcome instanceof Outcome.ServerError) {
            Outcome.ServerError error = (Outcome.ServerError) outcome;
            fields.put("code", error.code());
            fields.put("text", error.text());
            fields.put("verified", error.verified());
        } else if (outcome instanceof Outcome.Tampered) {
            fields.put("verified", false);
            fields.put("reason", ((Outcome.Tampered) outcome).reason());
        } else if (outcome instanceof Outcome.Unverified) {
            fields.put("verified", false);
            fields.put("reason", ((Outcome.Unverified) outcome).reason());
        } else if (outcome instanceof Outcome.NotSupported) {
            fields.put("reason", ((Outcome.NotSupported) outcome).reason());
        } else if (outcome instanceof Outcome.Failed) {
            fields.put("reason", ((Outcome.Failed) outcome).reason());
            ((Outcome.Failed) outcome).hint().ifPresent(hint -> fields.put("hint", hint));
        } else if (outcome instanceof Outcome.KeyFound) {
            fields.put("verified", true);
            fields.put("fingerprint", ((Outcome.KeyFound) outcome).fingerprint());
        } else if (outcome instanceof Outcome.ProbablyNotSupported) {
            fields.put("verified", false);
            fields.put("reason", ((Outcome.ProbablyNotSupported) outcome).reason());
            fields.put("messageId", ((Outcome.Awaited) outcome).messageId());
        } else if (outcome instanceof Outcome.Awaited) {
            fields.put("messageId", ((Outcome.Awaited) outcome).messageId());
        } else {
            fields.put("verified", true); // published, deleted, not-found: only verified answers become these
        }
        fields.put("message", outcome.describe());
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
