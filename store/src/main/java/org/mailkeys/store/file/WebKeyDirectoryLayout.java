package org.mailkeys.store.file;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.mailkeys.store.MailAddressIdentity;
import org.mailkeys.store.WebKeyHash;

/**
 * Where {@link FileKeyStore} keeps the files of an address, laid out as a Web Key Directory
 * (draft-koch-openpgp-webkey-service):
 *
 * <pre>
 * &lt;root&gt;/&lt;domain&gt;/policy                  empty WKD policy file, so the tree can be served as is
 * &lt;root&gt;/&lt;domain&gt;/hu/&lt;hashed local part&gt;    the binary key (a copy derived from the record)
 * &lt;root&gt;/&lt;domain&gt;/records/&lt;hashed local part&gt; the record: key, metadata and version, or a tombstone
 * &lt;root&gt;/&lt;domain&gt;/history/&lt;hashed local part&gt;/&lt;version&gt;  one key history entry per applied change
 * </pre>
 *
 * The raw address text never becomes a path: the local part is hashed (SHA-1, z-base-32), and the domain must be a
 * plain host name (IDNs in their ASCII form), so no address can name a file outside the root.
 */
public final class WebKeyDirectoryLayout {
    private static final String WEB_KEY_FOLDER = "hu";
    private static final String RECORD_FOLDER = "records";
    private static final String POLICY_FILE = "policy";
    private static final String HISTORY_FOLDER = "history";
    /** History file names are zero-padded versions, so that the names sort as the versions do. */
    private static final String VERSION_FORMAT = "%019d";

    private static final Pattern HOST_NAME = Pattern.compile(
        "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Path root;

    WebKeyDirectoryLayout(Path root) {
        this.root = root;
    }

    /** The WKD name of a local part: z-base-32 of the SHA-1 of the lower-cased local part. */
    public static String hashedLocalPart(String localPart) {
        return WebKeyHash.ofLocalPart(localPart);
    }

    /** The folder of a domain, after checking that the domain is a host name. */
    Path domainFolder(String domain) {
        return root.resolve(asciiHostName(domain));
    }

    /** The record of the address whose hashed local part is given, which must be {@link WebKeyHash#isWellFormed}. */
    Path recordFileOfHash(String domain, String hashedLocalPart) {
        if (!WebKeyHash.isWellFormed(hashedLocalPart)) {
            throw new IllegalArgumentException("Not a hashed local part");
        }
        return domainFolder(domain).resolve(RECORD_FOLDER).resolve(hashedLocalPart);
    }

    Path recordFile(String address) {
        return fileIn(RECORD_FOLDER, address);
    }

    Path webKeyFile(String address) {
        return fileIn(WEB_KEY_FOLDER, address);
    }

    /** The folder of an address's history entries. */
    Path historyFolder(String address) {
        return fileIn(HISTORY_FOLDER, address);
    }

    Path historyFile(String address, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("Versions are not negative");
        }
        return historyFolder(address).resolve(String.format(VERSION_FORMAT, version));
    }

    /** The WKD policy file of the address's domain. */
    Path policyFile(String address) {
        requireBothParts(address);
        return domainFolder(MailAddressIdentity.domainOf(address)).resolve(POLICY_FILE);
    }

    /** Whether a file below the root sits where records are kept ({@code <domain>/records/<hash>}). */
    boolean isRecordFile(Path file) {
        return isIn(file, RECORD_FOLDER, 3);
    }

    /** Whether a file below the root sits where history entries are kept ({@code <domain>/history/<hash>/<v>}). */
    boolean isHistoryFile(Path file) {
        return isIn(file, HISTORY_FOLDER, 4);
    }

    private boolean isIn(Path file, String folder, int depth) {
        Path relative = root.relativize(file);
        return relative.getNameCount() == depth && relative.getName(1).toString().equals(folder);
    }

    /** The folder of a domain's records: the addresses of that domain, and nothing else. */
    Path recordFolder(String domain) {
        return domainFolder(domain).resolve(RECORD_FOLDER);
    }

    /**
     * The form under which two spellings of one address are equal: the local part lower-cased, the domain in its
     * ASCII form (IDNA, RFC 5891), as the files are named.
     *
     * @throws IllegalArgumentException when the address cannot name a file here
     */
    static String canonical(String address) {
        requireBothParts(address);
        asciiHostName(MailAddressIdentity.domainOf(address));
        return MailAddressIdentity.of(address);
    }

    private Path fileIn(String folder, String address) {
        requireBothParts(address);
        return domainFolder(MailAddressIdentity.domainOf(address))
            .resolve(folder)
            .resolve(hashedLocalPart(MailAddressIdentity.localPartOf(address)));
    }

    private static void requireBothParts(String address) {
        if (MailAddressIdentity.localPartOf(address).isEmpty() || MailAddressIdentity.domainOf(address).isEmpty()) {
            throw new IllegalArgumentException("Not a mail address: " + address);
        }
    }

    private static String asciiHostName(String domain) {
        String ascii = MailAddressIdentity.domain(domain);
        if (!HOST_NAME.matcher(ascii).matches()) {
            throw new IllegalArgumentException("Not a domain name: " + domain);
        }
        return ascii;
    }
}
