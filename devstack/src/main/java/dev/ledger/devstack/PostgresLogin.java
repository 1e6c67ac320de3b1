package dev.ledger.devstack;

/** How a client of the stack reaches its PostgreSQL: the server's address and the role it logs in as. */
record PostgresLogin(String host, int port, String user, String password) {

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }
}
