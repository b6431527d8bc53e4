exports.handler = async function (context, event, callback) {
  const client = context.getTwilioClient();
  const queue = await client.queues.list({ friendlyName: context.SUPPORT_QUEUE, limit: 1 });
  const twiml = new Twilio.twiml.VoiceResponse();
  twiml.enqueue(queue.length ? context.SUPPORT_QUEUE : 'overflow');
  callback(null, twiml);
};
