-- When the terminal confirmed that a presentation was on its screen (the agent's "shown" message);
-- empty until then, and for channels that send no such confirmation. shown_at stays the moment the
-- decision was made.
ALTER TABLE presentation ADD COLUMN on_screen_at DATETIME(6);
