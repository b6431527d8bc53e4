const config = require('config');
const fastify = require('fastify')({ logger: true });
const twilio = require('twilio');

const sms = twilio(config.get('twilio.accountSid'), config.get('twilio.authToken'));

fastify.post('/otp', async (request) => {
  await sms.messages.create({ to: request.body.phone, from: config.get('twilio.from'), body: 'Your code' });
  return { ok: true };
});

fastify.listen({ port: config.get('server.port'), host: '0.0.0.0' });
