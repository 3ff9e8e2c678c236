(obj.
  attr) = 1
(obj
  .attr) += 2
obj.method(
  ).other(
  1)
