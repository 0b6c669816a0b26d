-- The ids a StatementRef chain passes through, from the statement a reference targets down to ten
-- references deep (the limit the statements query has always used). Called from the statements page
-- query for each referring statement: a function's plan is made once per connection, where the
-- recursive query it replaces was planned again with every page, about a third of that query's
-- planning time.
create function xapi_ref_chain(target uuid) returns uuid[] language plpgsql stable strict as $$
declare
  ids uuid[] := array[target];
  current_id uuid := target;
  next_id uuid;
begin
  for depth in 2..10 loop
    select ref_target into next_id from xapi_statements where id = current_id;
    exit when next_id is null;
    ids := ids || next_id;
    current_id := next_id;
  end loop;
  return ids;
end
$$;
