package io.opencredit.runtime.consumer;

/** This instance lost a partition to another owner: its commit for it is refused. */
public class FencedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
        super(message);
    }
}
