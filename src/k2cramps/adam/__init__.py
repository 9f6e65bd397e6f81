"""Analysis datasets named after CDISC ADaM (design section 5): ADSL, ADCRAMP, ADAE and
the CONSORT counts, derived from the cleaned raw tables, with their schemas."""
