-- GET /api/v1/keys?resellerId= (issue 17, the portal's reseller page): a reseller's keys in issue order, a page at a
-- time (keyset on issued_at, code). Reseller ids are matched without regard to case (a reseller is its sign-in email).
CREATE INDEX osa_key_reseller ON osa_key (lower(reseller_id), issued_at, code);
