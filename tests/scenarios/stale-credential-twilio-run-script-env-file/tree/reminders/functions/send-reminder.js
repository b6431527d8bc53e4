exports.handler = async function (context, event, callback) {
  const client = context.getTwilioClient();
  const message = await client.messages.create({
    from: context.REMINDER_FROM,
    to: event.to,
    body: `Reminder: your appointment is on ${event.date}.`,
  });
  return callback(null, { sid: message.sid });
};
