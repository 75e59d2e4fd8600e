-- FOCUS 1.x cost and usage rows -> one row per calendar month, provider, service and currency.
--
-- Run it where the billing data lives (BigQuery's FOCUS export, Athena/Trino over AWS's FOCUS export, Snowflake,
-- DuckDB), replacing focus_rows with your table, save the result as CSV and import it like any other file:
--   python -m model variance --actuals monthly.csv
-- The model's own FOCUS importer runs this same query over a file with DuckDB.
--
-- EffectiveCost is the amortised cost as FOCUS defines it: a commitment's purchase row counts 0, its usage carries
-- the amortised share, credits are negative. Use BilledCost instead for the invoice view.
-- ChargePeriodStart is read in UTC; the month is the month in which a charge period starts.
-- Only portable SQL: EXTRACT, SUM, GROUP BY (no dialect's date formatting).
SELECT
    EXTRACT(YEAR FROM ChargePeriodStart) AS charge_year,
    EXTRACT(MONTH FROM ChargePeriodStart) AS charge_month,
    ProviderName AS provider_name,
    ServiceCategory AS service_category,
    ServiceName AS service_name,
    BillingCurrency AS billing_currency,
    SUM(EffectiveCost) AS cost,
    SUM(ConsumedQuantity) AS consumed_quantity,
    MAX(ConsumedUnit) AS consumed_unit,
    COUNT(*) AS charge_rows
FROM focus_rows
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
