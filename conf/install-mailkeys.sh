#!/bin/sh
# Installs MailKeys into a James 3.8.1 server folder, as docs/OPERATOR.md describes it, from the
# snippets in conf/snippets/: nothing of James' own files is replaced, only MailKeys' lines are added to them.
#
#   conf/install-mailkeys.sh JAMES_FOLDER [EXTENSION_JAR]
#
# JAMES_FOLDER holds conf/ and extensions-jars/ (the unpacked james-server-memory-app zip, for example).
# EXTENSION_JAR defaults to extension/target/mailkeys-extension.jar of this repository
# (mvn -B -DskipTests package -pl extension -am builds it).
#
# What it does, each step skipped when already done (so it can run again):
#   1. copies the jar into extensions-jars/ and conf/mailkeys.properties into conf/ (unless one is there);
#   2. appends the snippets' lines to extensions.properties, webadmin.properties and healthcheck.properties
#      (or adds the class to an existing extensions.routes / additional.healthchecks line);
#   3. mailetcontainer.xml: the ToProcessor line in the root processor (after RelayLimit), the Autocrypt header
#      mailet in the transport processor (before RecipientRewriteTable), opportunistic STARTTLS in every
#      RemoteDelivery, and the mailkeys, mailkeys-error and mailkeys-retry processors;
#   4. smtpserver.xml: on the port-25 (MX) server, STARTTLS on and no password at all (plainAuthEnabled false,
#      written whatever the block held: the element missing, spelled otherwise, or no <auth> at all);
#      on every server, KeyServiceRcptHook before ValidRcptHandler, and on the submission servers AuthOnlyOverTls;
#      removes 127.0.0.0/8 from authorizedAddresses (a trusted network relays without SMTP AUTH, so nothing sent
#      from there could be a publication);
#   5. conf/keystore: when missing (stock James does not start without it), a self-signed certificate for
#      MAILKEYS_TLS_NAME (default: this host's name) under a new random password, written in place of the old
#      <secret> in the servers' files. Replace it with your real certificate before other providers' MUAs connect:
#      they check it against your MX host name.
# Every file it edits keeps its mode and owner.
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
snippets="$here/snippets"
james="${1:?usage: $0 JAMES_FOLDER [EXTENSION_JAR]}"
jar="${2:-$here/../extension/target/mailkeys-extension.jar}"
conf="$james/conf"

say() { printf 'install-mailkeys: %s\n' "$*"; }
fail() { printf 'install-mailkeys: %s\n' "$*" >&2; exit 1; }

for file in mailetcontainer.xml smtpserver.xml; do
    [ -f "$conf/$file" ] || fail "$conf/$file is missing: is $james a James server folder?"
done
[ -f "$jar" ] || fail "$jar is missing: build it with mvn -B -DskipTests package -pl extension -am"

# Rewrites a file through a command reading it on stdin; the file is replaced only when the command succeeds. The
# new file starts as a copy of the old one (cp -p), so it keeps its mode and owner: a smtpserver.xml made owner-only
# because it holds the keystore secret stays owner-only.
rewrite() {
    file="$1"; shift
    cp -p "$file" "$file.mailkeys-new" || fail "could not copy $file"
    "$@" < "$file" > "$file.mailkeys-new" || { rm -f "$file.mailkeys-new"; fail "could not edit $file"; }
    mv "$file.mailkeys-new" "$file"
}

# Appends a snippet to a properties file, after a line break if the file lacks a final one (the stock
# extensions.properties does).
append_properties() {
    file="$conf/$1"
    touch "$file"
    if [ -s "$file" ] && [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
        printf '\n' >> "$file"
    fi
    cat "$snippets/$1" >> "$file"
}

# Adds a class to a comma-separated list property (key=...) if the file sets it, else appends the snippet.
add_to_list() {
    name="$1"; key="$2"; class="$3"
    file="$conf/$name"
    if [ -f "$file" ] && grep -q "$class" "$file"; then
        say "$name already names $class"
    elif [ -f "$file" ] && grep -q "^[[:space:]]*$key[[:space:]]*=[[:space:]]*[^[:space:]]" "$file"; then
        rewrite "$file" sed "s|^\([[:space:]]*$key[[:space:]]*=.*[^[:space:]]\)[[:space:]]*\$|\1,$class|"
        say "$name: $class added to $key"
    else
        append_properties "$name"
        say "$name: $key=$class"
    fi
}

# 1. the jar and mailkeys.properties
mkdir -p "$james/extensions-jars"
cp "$jar" "$james/extensions-jars/mailkeys-extension.jar"
say "extensions-jars/mailkeys-extension.jar copied"
if [ -f "$conf/mailkeys.properties" ]; then
    say "conf/mailkeys.properties kept as it is"
else
    cp "$here/mailkeys.properties" "$conf/mailkeys.properties"
    say "conf/mailkeys.properties copied (file store under var/mailkeys/keys)"
fi

# 2. properties files
if grep -q 'org.mailkeys.extension.MailKeysModule' "$conf/extensions.properties" 2>/dev/null; then
    say "extensions.properties already names MailKeysModule"
elif grep -q '^[[:space:]]*guice\.extension\.\(module\|startable\)[[:space:]]*=' "$conf/extensions.properties" 2>/dev/null; then
    fail "extensions.properties already sets guice.extension.module or .startable: add MailKeys' classes to those lines by hand (see $snippets/extensions.properties)"
else
    append_properties extensions.properties
    say "extensions.properties: MailKeysModule and its startable"
fi
add_to_list webadmin.properties extensions.routes org.mailkeys.webadmin.KeyRoutes
add_to_list healthcheck.properties additional.healthchecks org.mailkeys.webadmin.KeyStoreHealthCheck

# 3. mailetcontainer.xml
if grep -q 'org\.mailkeys\.' "$conf/mailetcontainer.xml"; then
    say "mailetcontainer.xml already has MailKeys' lines"
else
    rewrite "$conf/mailetcontainer.xml" awk \
        -v root="$snippets/mailetcontainer-root.xml" \
        -v remote="$snippets/mailetcontainer-remotedelivery.xml" \
        -v processors="$snippets/mailetcontainer-processors.xml" \
        -v transport="$snippets/mailetcontainer-transport.xml" '
        function emit(file,   line) { while ((getline line < file) > 0) print line; close(file) }
        # the root processor is held until its end: the line goes after RelayLimit (loops are dropped first) when
        # there is one, else first
        function flushRoot(   i, after) {
            after = 1
            for (i = 1; i <= n; i++) if (lines[i] ~ /RelayLimit=/) after = i
            for (i = 1; i <= n; i++) { print lines[i]; if (i == after) emit(root) }
            n = 0; rootDone = 1
        }
        /<processor[^>]*state="root"/ { inRoot = 1 }
        inRoot { lines[++n] = $0; if ($0 ~ /<\/processor>/) { inRoot = 0; flushRoot() }; next }
        # the Autocrypt header goes before recipient rewriting in the transport processor: before the split into
        # local and remote delivery, and before any DKIM signing in relay
        /<processor[^>]*state="transport"/ { inTransport = 1 }
        inTransport && /class="RecipientRewriteTable"/ { emit(transport); inTransport = 0; transportDone = 1 }
        /class="RemoteDelivery"/ { inRemote = 1 }
        inRemote && /<\/mailet>/ { emit(remote); inRemote = 0; remotes++ }
        /<\/processors>/ { emit(processors); processorsDone = 1 }
        { print }
        END {
            if (!rootDone) { print "no root processor" > "/dev/stderr"; exit 1 }
            if (!processorsDone) { print "no </processors>" > "/dev/stderr"; exit 1 }
            if (!transportDone) { print "no RecipientRewriteTable in the transport processor: add " transport " by hand" > "/dev/stderr"; exit 1 }
        }'
    say "mailetcontainer.xml: the root processor sends keys@ mail to the mailkeys processors; STARTTLS in RemoteDelivery"
fi

# 4. smtpserver.xml, one <smtpserver> block at a time
if grep -q 'KeyServiceRcptHook' "$conf/smtpserver.xml"; then
    say "smtpserver.xml already has KeyServiceRcptHook"
else
    rewrite "$conf/smtpserver.xml" awk \
        -v mxHandlers="$snippets/smtpserver-mx-handlers.xml" \
        -v submissionHandlers="$snippets/smtpserver-submission-handlers.xml" '
        function emit(file,   line) { while ((getline line < file) > 0) print line; close(file) }
        # The MX block takes no password whatever it says: every plainAuthEnabled element goes (any spacing,
        # attributes, value, empty element), and one that says false is written at the start of <auth>, or in a new
        # <auth> block when there is none (a missing plainAuthEnabled is true for James).
        function mxWithoutAuth(text,   off) {
            gsub(/\n[ \t]*<plainAuthEnabled[^>]*\/>[ \t]*/, "", text)
            gsub(/\n[ \t]*<plainAuthEnabled[^>]*>[^<]*<\/plainAuthEnabled[[:space:]]*>[ \t]*/, "", text)
            gsub(/<plainAuthEnabled[^>]*\/>/, "", text)
            gsub(/<plainAuthEnabled[^>]*>[^<]*<\/plainAuthEnabled[[:space:]]*>/, "", text)
            off = "<plainAuthEnabled>false</plainAuthEnabled>"
            note = "<!-- MailKeys: port 25 takes no password: James accepts AUTH PLAIN whenever this is true or missing -->"
            if (text ~ /<auth[[:space:]]*\/>/) {
                sub(/<auth[[:space:]]*\/>/, "<auth>\n            " note "\n            " off "\n        </auth>", text)
            } else if (text ~ /<auth([[:space:]][^>]*)?>/) {
                match(text, /<auth([[:space:]][^>]*)?>/)
                text = substr(text, 1, RSTART + RLENGTH - 1) "\n            " note "\n            " off substr(text, RSTART + RLENGTH)
            } else {
                sub(/<\/smtpserver>/, "    <auth>\n            <announce>never</announce>\n            " note "\n            " off "\n        </auth>\n    </smtpserver>", text)
            }
            return text
        }
        function flush(   i, mx, text) {
            mx = block ~ /<bind>[^<]*:25[[:space:]]*</
            if (mx) {
                text = lines[1]
                for (i = 2; i <= n; i++) text = text "\n" lines[i]
                n = split(mxWithoutAuth(text), lines, "\n")
            }
            for (i = 1; i <= n; i++) {
                line = lines[i]
                if (mx && line ~ /<tls[[:space:]]/) {
                    sub(/startTLS="false"/, "startTLS=\"true\"", line)
                }
                if (line ~ /<authorizedAddresses>[[:space:]]*127\.0\.0\.0\/8[[:space:]]*<\/authorizedAddresses>/) {
                    print "        <!-- MailKeys: 127.0.0.0/8 no longer trusted to relay: mail from a trusted network needs no SMTP AUTH, so it could never be a publication -->"
                    continue
                }
                if (line ~ /ValidRcptHandler/) {
                    emit(mx ? mxHandlers : submissionHandlers)
                    hooks++
                }
                print line
            }
            n = 0; block = ""
        }
        /<smtpserver[[:space:]>]/ { inServer = 1 }
        inServer { lines[++n] = $0; block = block "\n" $0; if ($0 ~ /<\/smtpserver>/) { inServer = 0; flush() } ; next }
        { print }
        END { if (!hooks) { print "no ValidRcptHandler in any handlerchain" > "/dev/stderr"; exit 1 } }'
    say "smtpserver.xml: KeyServiceRcptHook in every handlerchain, AuthOnlyOverTls on submission, STARTTLS and no password on port 25"
fi

# 5. the keystore the stock TLS settings name, under a password of its own: the stock secret is in every copy of
# James, so a keystore under it is protected by nothing. The new password replaces the old secret wherever a
# server's TLS settings name it (smtpserver.xml, imapserver.xml, pop3server.xml, managesieveserver.xml...).
if [ -f "$conf/keystore" ]; then
    say "conf/keystore kept as it is"
else
    old_secret=$(sed -n '/<!--/!s|.*<secret>\([^<]*\)</secret>.*|\1|p' "$conf/smtpserver.xml" | head -n 1)
    [ -n "$old_secret" ] || fail "no <secret> in smtpserver.xml to replace with the new keystore's password"
    secret=$(LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32)
    [ ${#secret} -eq 32 ] || fail "could not make a password for conf/keystore"
    name="${MAILKEYS_TLS_NAME:-$(hostname -f 2>/dev/null || hostname)}"
    umask 077
    keytool -genkeypair -alias james -keyalg RSA -keysize 3072 -validity 825 -storetype PKCS12 \
        -keystore "$conf/keystore" -storepass "$secret" -keypass "$secret" \
        -dname "CN=$name" -ext "SAN=dns:$name" >/dev/null 2>&1 || fail "keytool could not create conf/keystore"
    chmod 600 "$conf/keystore"
    old_pattern=$(printf '%s' "$old_secret" | sed 's/[][\.*^$|/&]/\\&/g')
    for file in "$conf"/*.xml; do
        if grep -qF "<secret>$old_secret</secret>" "$file"; then
            rewrite "$file" sed "/<!--/!s|<secret>$old_pattern</secret>|<secret>$secret</secret>|"
            say "$(basename "$file"): the keystore's new password (the file keeps its mode: make it owner-only if others can read it)"
        fi
    done
    say "conf/keystore: a SELF-SIGNED certificate for $name; replace it with your real one (other MUAs check it)"
fi

say "done: start James as usual; then add domains and users through WebAdmin"
