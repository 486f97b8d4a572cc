"""Us Together: a web platform for co-production in health and social care."""
