/** One currency's totals, as each side keeps them: the balance of all its accounts, and how many are open. */
record CurrencyTotal(String currency, long totalBalance, long openAccounts) {}
