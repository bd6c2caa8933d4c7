package org.mailkeys.matchers;

import javax.mail.MessagingException;

import org.apache.mailet.MailetException;
import org.apache.mailet.base.GenericMatcher;

/** A matcher that takes no condition: one given by mistake fails the start instead of being ignored. */
abstract class NoConditionMatcher extends GenericMatcher {
    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition != null && !condition.trim().isEmpty()) {
            throw new MailetException(getClass().getSimpleName() + " takes no condition, got '" + condition + "'");
        }
    }
}
