const twilio = require("twilio");
test("builds", () => {
  const c = twilio("SK00000000000000000000000000000000", "fake_secret_for_tests_only_0000");
  expect(c).toBeDefined();
});
