const Koa = require('koa');
const config = require('config');
const twilio = require('twilio');

const client = twilio(config.get('twilio.accountSid'), config.get('twilio.authToken'));
const app = new Koa();

app.use(async (ctx) => {
  const call = await client.calls.create({
    to: ctx.query.to,
    from: config.get('twilio.from'),
    url: `${config.get('publicUrl')}/voice`,
  });
  ctx.body = { sid: call.sid };
});

app.listen(config.get('port'));
