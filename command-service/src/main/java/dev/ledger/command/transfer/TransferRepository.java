package dev.ledger.command.transfer;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class TransferRepository implements PanacheRepositoryBase<Transfer, UUID> {}
