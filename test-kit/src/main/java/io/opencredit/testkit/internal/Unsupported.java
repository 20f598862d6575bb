package io.opencredit.testkit.internal;

final class Unsupported {

    private Unsupported() {
    }

    static UnsupportedOperationException on(String what, String describe) {
        return new UnsupportedOperationException(what + " is not possible on " + describe
                + "; it is only supported on the kit's embedded servers");
    }
}
