-- 0010_drop_attendees_event: attendees_ticket (event_id, ticket_id) already serves every look-up by
-- event_id alone, so attendees_event (event_id) only cost each attendee written one more index
-- entry: a tenth of a first pull's writes.
DROP INDEX attendees_event;
