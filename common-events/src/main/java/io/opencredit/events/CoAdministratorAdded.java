package io.opencredit.events;

/** Someone (typically a reseller) may now see and manage the subscription (SPEC S6). */
public record CoAdministratorAdded(String email, String addedBy) implements EventPayload {

    public CoAdministratorAdded {
        Require.text(email, "email");
        Require.text(addedBy, "addedBy");
    }
}
