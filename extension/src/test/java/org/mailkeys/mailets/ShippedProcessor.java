package org.mailkeys.mailets;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetContext;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.google.inject.Injector;

/**
 * One processor of the shipped conf/mailetcontainer.xml, built from that file (not from a copy) with the
 * extension's classes made by Guice, and played the way James plays it: each pair runs while the mail's state is
 * still the processor's, the matcher (when any) deciding whether the mailet sees the mail.
 */
final class ShippedProcessor {
    /** The project's conf/ folder, seen from a module folder (where surefire runs). */
    static final Path CONF = Paths.get(System.getProperty("mailkeys.conf.directory", "../conf"));

    private final String state;
    private final List<Matcher> matchers = new ArrayList<>();
    private final List<Mailet> mailets = new ArrayList<>();

    private ShippedProcessor(String state) {
        this.state = state;
    }

    static ShippedProcessor load(String state, Injector injector, MailetContext context) throws Exception {
        Element processor = processorElement(state);
        ShippedProcessor built = new ShippedProcessor(state);
        NodeList children = processor.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element && ((Element) children.item(i)).getTagName().equals("mailet")) {
                Element mailet = (Element) children.item(i);
                built.matchers.add(matcher(mailet.getAttribute("match"), injector, context));
                built.mailets.add(mailet(mailet, injector, context));
            }
        }
        if (built.mailets.isEmpty()) {
            throw new IllegalStateException("no mailet in processor " + state + " of " + CONF.resolve("mailetcontainer.xml"));
        }
        return built;
    }

    /** Runs the mail through this processor, as long as its state stays this processor's. */
    void process(Mail mail) throws Exception {
        for (int i = 0; i < mailets.size() && state.equals(mail.getState()); i++) {
            Matcher matcher = matchers.get(i);
            if (matcher == null || !matcher.match(mail).isEmpty()) {
                mailets.get(i).service(mail);
            }
        }
    }

    private static Element processorElement(String state) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(CONF.resolve("mailetcontainer.xml").toFile());
        NodeList processors = document.getElementsByTagName("processor");
        for (int i = 0; i < processors.getLength(); i++) {
            Element processor = (Element) processors.item(i);
            if (state.equals(processor.getAttribute("state"))) {
                return processor;
            }
        }
        throw new IllegalStateException("no processor " + state + " in " + CONF.resolve("mailetcontainer.xml"));
    }

    /** "All" is no matcher; the extension's own are built by Guice; any other is not expected in these processors. */
    private static Matcher matcher(String match, Injector injector, MailetContext context) throws Exception {
        if (match.equals("All")) {
            return null;
        }
        String name = match.contains("=") ? match.substring(0, match.indexOf('=')) : match;
        String condition = match.contains("=") ? match.substring(match.indexOf('=') + 1) : null;
        if (!name.startsWith("org.mailkeys.")) {
            throw new IllegalStateException("matcher " + match + " is not known to this test: teach it");
        }
        Matcher matcher = (Matcher) injector.getInstance(Class.forName(name));
        matcher.init(FakeMatcherConfig.builder().matcherName(name).condition(condition).mailetContext(context).build());
        return matcher;
    }

    private static Mailet mailet(Element element, Injector injector, MailetContext context) throws Exception {
        String name = element.getAttribute("class");
        Mailet mailet;
        if (name.equals("Null")) {
            mailet = new GhostMailet();
        } else if (name.startsWith("org.mailkeys.")) {
            mailet = (Mailet) injector.getInstance(Class.forName(name));
        } else {
            throw new IllegalStateException("mailet " + name + " is not known to this test: teach it");
        }
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(name).mailetContext(context);
        NodeList parameters = element.getChildNodes();
        for (int i = 0; i < parameters.getLength(); i++) {
            Node parameter = parameters.item(i);
            if (parameter instanceof Element) {
                config.setProperty(((Element) parameter).getTagName(), parameter.getTextContent().trim());
            }
        }
        mailet.init(config.build());
        return mailet;
    }

    /** James' Null mailet: the mail ends here. */
    private static final class GhostMailet extends GenericMailet {
        @Override
        public void service(Mail mail) {
            mail.setState(Mail.GHOST);
        }
    }
}
