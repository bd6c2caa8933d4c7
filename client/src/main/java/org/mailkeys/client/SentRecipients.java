package org.mailkeys.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailkeys.protocol.MailAddresses;

/**
 * The people the user writes to: the To, Cc and Bcc addresses of the newest mails in the account's Sent folder
 * (the folder with the {@code \Sent} attribute of RFC 6154, else one of the usual names), read-only. Bounded: the
 * newest {@code maxMessages} mails, at most {@code maxAddresses} addresses, at most {@link #MAX_FOLDERS} folders looked at.
 */
final class SentRecipients {
    static final int MAX_FOLDERS = 1_000;
    private static final List<String> USUAL_NAMES = List.of("sent", "sent items", "sent messages", "sent mail",
            "inbox.sent", "inbox/sent");

    private SentRecipients() {
    }

    static List<String> read(MailSessions.Prepared prepared, MailServer server, Credentials credentials, String account,
                             int maxMessages, int maxAddresses) throws MessagingException {
        Store store = prepared.session.getStore("imap");
        store.connect(prepared.connectHost, server.port(), credentials.user(), credentials.password());
        try {
            Optional<Folder> sent = sentFolder(store);
            if (sent.isEmpty()) {
                return List.of();
            }
            Folder folder = sent.get();
            folder.open(Folder.READ_ONLY);
            try {
                int count = folder.getMessageCount();
                if (count == 0) {
                    return List.of();
                }
                Message[] newest = folder.getMessages(Math.max(1, count - maxMessages + 1), count);
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                folder.fetch(newest, profile);
                Set<String> addresses = new LinkedHashSet<>();
                for (int i = newest.length - 1; i >= 0 && addresses.size() < maxAddresses; i--) {
                    for (Message.RecipientType type : new Message.RecipientType[] {Message.RecipientType.TO,
                            Message.RecipientType.CC, Message.RecipientType.BCC}) {
                        add(addresses, newest[i].getRecipients(type), account, maxAddresses);
                    }
                }
                return new ArrayList<>(addresses);
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static Optional<Folder> sentFolder(Store store) throws MessagingException {
        Folder[] folders = store.getDefaultFolder().list("*");
        Folder byName = null;
        for (int i = 0; i < folders.length && i < MAX_FOLDERS; i++) {
            Folder folder = folders[i];
            if (folder instanceof IMAPFolder) {
                for (String attribute : ((IMAPFolder) folder).getAttributes()) {
                    if ("\\Sent".equalsIgnoreCase(attribute)) {
                        return Optional.of(folder);
                    }
                }
            }
            if (byName == null && USUAL_NAMES.contains(folder.getFullName().toLowerCase(Locale.ROOT))) {
                byName = folder;
            }
        }
        return Optional.ofNullable(byName);
    }

    private static void add(Set<String> addresses, Address[] recipients, String account, int maxAddresses) {
        if (recipients == null) {
            return;
        }
        for (Address recipient : recipients) {
            if (addresses.size() >= maxAddresses || !(recipient instanceof InternetAddress)) {
                return;
            }
            String address = ((InternetAddress) recipient).getAddress();
            if (address != null && MailAddresses.isPlausible(address.trim()) && !MailAddresses.sameMailbox(address, account)) {
                addresses.add(MailAddresses.normalise(address));
            }
        }
    }
}
