package org.mailkeys.client;

/** Where the client tells what it is doing; a command line shows it, an embedding program may ignore it. */
public interface Progress {
    Progress SILENT = activity -> { };

    void update(String activity);
}
