package io.netzer.cli;

/** A command line NetZer cannot act on: printed as one line, exit status 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
