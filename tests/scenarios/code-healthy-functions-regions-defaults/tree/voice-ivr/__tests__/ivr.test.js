const handler = require('../functions/ivr').handler;

test('enqueues callers', async () => {
  const context = {
    ACCOUNT_SID: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    AUTH_TOKEN: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    SUPPORT_QUEUE: 'support',
    getTwilioClient: () => ({ queues: { list: async () => [{}] } }),
  };
  const client = context.getTwilioClient();
  expect(client).toBeDefined();
  await handler(context, {}, () => {});
});
