package dev.ledger.devservices.deployment;

import dev.ledger.devstack.StackDirectory;
import io.quarkus.deployment.builditem.Startable;

/**
 * An application's use of the local stack, which Quarkus starts and closes as it does its Dev
 * Services: the stack belongs to no application, so starting registers the application's process as
 * one of its users and closing takes that back; the stack stops itself once it has none.
 *
 * @param use what the process uses it for, its launch mode: a dev-mode application and its continuous
 *     tests are two users
 */
record StackUse(StackDirectory directory, String use, String connectionInfo) implements Startable {

    @Override
    public void start() {
        directory.addUser(ProcessHandle.current(), use);
    }

    @Override
    public String getConnectionInfo() {
        return connectionInfo;
    }

    /** None: the stack runs as a plain process. */
    @Override
    public String getContainerId() {
        return null;
    }

    @Override
    public void close() {
        directory.removeUser(ProcessHandle.current(), use);
    }
}
